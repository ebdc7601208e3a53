import CGSL

/// An error that GSL reported, as a Swift error.
public struct GSLError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var context: String

    public var description: String {
        let reason = String(cString: gsl_strerror(code))
        return "GSL error \(code) (\(reason)) in \(context)"
    }
}

/// The one funnel for GSL's global set-up and status codes.
enum GSL {
    /// Switches GSL's abort-on-error handler off; done once, before any GSL call.
    static let ready: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Throws when a GSL status code is not success.
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(GSLError) {
        if status != Int32(GSL_SUCCESS) { throw GSLError(code: status, context: context()) }
    }
}

/// Switches GSL's abort-on-error handler off. Call once at start-up; streams also ensure it.
public func prepareGSL() {
    _ = GSL.ready
}
