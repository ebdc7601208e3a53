/// Calibration: from a service center's own ticket log to a fitted, back-tested scenario.
///
/// `TicketLogReader` reads a log through a `LogMapping`; `LogGenerator` writes one from a scenario;
/// the fits (`ContinuousFit`, `PatienceFit`, `ArrivalFit`) turn the rows into estimates with
/// confidence intervals and goodness of fit; `FitOutput` writes them into a scenario, `fit.json`
/// and `fit-report.html`. See docs/fit.md.
public enum Calibration {}
