import QueueingNetwork

extension CampusMeasure {
    /// Which way the measure is better (a comparison marks its significant differences by it).
    public var direction: MeasureDirection {
        switch self {
        case .centerMeanWait, .crisisResponseP95, .studentsPerCounselor, .unmetTalkRequests, .rejectionRate, .movedBookings: .lowerIsBetter
        case .oneVisitRate, .serviceLevel, .onlineOnTimeRate, .feedbackOnTimeRate, .dormVisitCoverage, .talkCoverage, .participants: .higherIsBetter
        case .crisisMeanWait, .crisisWaitOverTarget, .deferredReturns: .lowerIsBetter
        case .crisisAnsweredAtOnce: .higherIsBetter
        case .counterVisits, .weeklyHours, .seatUtilization, .seatUtilizationInWindows, .crisisCallsPerWeek: .neutral
        }
    }
}
