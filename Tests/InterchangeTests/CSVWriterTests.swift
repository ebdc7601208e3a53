import Foundation
import Interchange
import Testing

@Suite struct CSVWriterTests {
    static let awkward = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0",
                          "-1+2", "@SUM(A1)", "\tlead", "", "中文,逗号"]

    @Test func formulaPrefixesAreNeutralised() {
        #expect(CSVWriter.cell("=1+1") == "'=1+1")
        #expect(CSVWriter.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.cell("all_purpose") == "all_purpose")
        var w = CSVWriter()
        w.number(-1.5)
        w.endRow()
        #expect(w.text == "-1.5\n", "a number cell stays a number")
    }

    /// Python's csv module, a parser this project did not write, reads every awkward cell back.
    @Test func pythonsCSVReaderReadsEveryCellBack() throws {
        var w = CSVWriter(header: ["id", "value"])
        for (i, cell) in Self.awkward.enumerated() {
            w.text(cell)
            w.number(Double(i) + 0.5)
            w.endRow()
        }
        let python = ProcessInfo.processInfo.environment["ONESTOP_PYTHON"] ?? "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            #expect(ProcessInfo.processInfo.environment["ONESTOP_REQUIRE_TOOLS"] == nil, "no Python at \(python)")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("csvwriter-\(getpid()).csv")
        try w.text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
        #expect(rows.first == ["id", "value"])
        #expect(rows.count == Self.awkward.count + 1)
        for (i, cell) in Self.awkward.enumerated() {
            let expected = ["=", "+", "-", "@", "\t", "\r"].contains { cell.hasPrefix($0) } ? "'" + cell : cell
            #expect(rows[i + 1] == [expected, NumberText.shortest(Double(i) + 0.5)!])
        }
    }
}
