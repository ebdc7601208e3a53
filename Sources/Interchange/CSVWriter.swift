/// Writes CSV text (RFC 4180): cells separated by commas, rows ended by `\n`, a text cell quoted when
/// it holds a comma, a quote, a CR or a newline, its quotes doubled.
///
/// A text cell that a spreadsheet would take for a formula (one starting with `=`, `+`, `-`, `@`, a
/// tab or a CR) is written with a leading `'`, so that opening a shared result file in a spreadsheet
/// never runs it; number cells are written as numbers. Every CSV file the project writes goes
/// through this type.
public struct CSVWriter: Sendable {
    /// The text written so far.
    public private(set) var text: String
    private var rowStarted = false

    /// A writer whose first row is `header`.
    public init(header: [String]) {
        text = ""
        for name in header { self.text(name) }
        endRow()
    }

    /// A writer without a header row.
    public init() { text = "" }

    private mutating func separate() {
        if rowStarted { text += "," } else { rowStarted = true }
    }

    /// Appends a text cell, quoted and neutralised as the type's summary says.
    public mutating func text(_ value: String) {
        separate()
        text += CSVWriter.cell(value)
    }

    /// Appends a number cell: empty for `nil` or a value that is not finite.
    public mutating func number(_ value: Double?) {
        separate()
        if let value, let t = NumberText.shortest(value) { text += t }
    }

    /// Appends a number cell already written in a file's own fixed format (`%.4g`, say): `text` is a
    /// number literal, or empty for no value, and is written as it is.
    public mutating func number(formatted text: String) {
        precondition(!text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D },
                     "a formatted number holds no comma, quote or line break")
        separate()
        self.text += text
    }

    /// Appends an integer cell.
    public mutating func integer(_ value: Int) {
        separate()
        text += String(value)
    }

    /// Appends an empty cell.
    public mutating func empty() { separate() }

    /// Appends a boolean cell, written `true` or `false`.
    public mutating func boolean(_ value: Bool) {
        separate()
        text += value ? "true" : "false"
    }

    /// Ends the current row.
    public mutating func endRow() {
        text += "\n"
        rowStarted = false
    }

    /// Reserves room for `bytes` bytes of text.
    public mutating func reserveCapacity(_ bytes: Int) { text.reserveCapacity(bytes) }

    /// Forgets the text written so far (handed on, for a file written in blocks), keeping its storage.
    public mutating func removeAll() {
        text.removeAll(keepingCapacity: true)
        rowStarted = false
    }

    /// Appends a whole row of text cells.
    public mutating func row(_ cells: [String]) {
        for cell in cells { text(cell) }
        endRow()
    }

    /// One text cell as it is written into the file.
    public static func cell(_ value: String) -> String {
        var s = value
        if let first = s.unicodeScalars.first, first == "=" || first == "+" || first == "-" || first == "@" || first == "\t" || first == "\r" {
            s = "'" + s
        }
        guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return s }
        var quoted = "\""
        for c in s.unicodeScalars {
            if c == "\"" { quoted += "\"" }
            quoted.unicodeScalars.append(c)
        }
        return quoted + "\""
    }
}
