import Stochastics

extension Estimate {
    /// The Student-t factor that turns a standard error into a 95% half-width, by degrees of freedom.
    public static func halfWidthFactor(degreesOfFreedom: Int, confidence: Double = 0.95) -> Double {
        StudentT.halfWidthFactor(confidence: confidence, degreesOfFreedom: degreesOfFreedom)
    }
}
