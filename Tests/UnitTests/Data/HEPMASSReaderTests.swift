import Foundation
@testable import ParamRunData
@testable import ParamRunSupport
import Testing

@Suite struct HEPMASSReaderTests {
    @Test(arguments: [1, 2])
    func readsEveryFieldOfAGoodFile(threads: Int) throws {
        let table = try HEPMASSReader.read(DataFixtures.url("good.csv"), options: .init(threads: threads))
        let rows = try DataFixtures.expectedRows("good.csv")
        #expect(table.count == rows.count)
        #expect(table.featureNames == HEPMASSReader.featureNames)
        for (r, fields) in rows.enumerated() {
            #expect(table.labels[r] == fields[0])
            #expect(Array(table.features[(r * 27)..<((r + 1) * 27)]) == Array(fields[1...27]))
            #expect(table.theta[r] == fields[28])
        }
        #expect(table.theta[0] == Float("499.999969"))
        #expect(table.theta[4] == 1000)
    }

    @Test(arguments: ["good.csv", "good.csv.gz", "good_crlf.csv", "no_trailing_newline.csv"])
    func variantsReadTheSameTable(name: String) throws {
        let reference = try HEPMASSReader.read(DataFixtures.url("good.csv"))
        for threads in [1, 2] {
            for memoryMap in [true, false] {
                #expect(
                    try HEPMASSReader.read(
                        DataFixtures.url(name), options: .init(threads: threads, memoryMap: memoryMap)) == reference)
            }
        }
    }

    @Test func filesWithoutMassTakeItFromTheName() throws {
        let table = try HEPMASSReader.read(DataFixtures.url("1000_train.csv"))
        #expect(table.count == 3)
        #expect(table.theta == [1000, 1000, 1000])
        let other = try HEPMASSReader.read(
            DataFixtures.url("1000_train.csv"), options: .init(massForMissingColumn: 750))
        #expect(other.theta == [750, 750, 750])
    }

    @Test func anExtraTrailingColumnIsToleratedOnlyInTestFiles() throws {
        let reference = try HEPMASSReader.read(DataFixtures.url("good.csv"))
        #expect(try HEPMASSReader.read(DataFixtures.url("extra_column_test.csv")) == reference)
        let error = DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("extra_column_train.csv")) }
        #expect(error?.kind == .wrongColumnCount(expected: 29, found: 30))
        #expect(error?.row == 2)
        #expect(error?.column == 30)
        #expect(error?.path?.hasSuffix("extra_column_train.csv") == true)
        let forced = DataFixtures.failure {
            try HEPMASSReader.read(
                DataFixtures.url("extra_column_test.csv"), options: .init(allowExtraTrailingColumn: false))
        }
        #expect(forced?.row == 2)
    }

    @Test(arguments: [1, 2], [true, false])
    func aBadNumberNamesFileRowAndColumn(threads: Int, memoryMap: Bool) {
        let error = DataFixtures.failure {
            try HEPMASSReader.read(
                DataFixtures.url("bad_number.csv"), options: .init(threads: threads, memoryMap: memoryMap))
        }
        #expect(error?.kind == .badNumber("0.12x"))
        #expect(error?.path?.hasSuffix("bad_number.csv") == true)
        #expect(error?.row == 3)
        #expect(error?.column == 5)
        #expect(error?.columnName == "f3")
        #expect(error?.description.contains("bad_number.csv:3:5 (f3)") == true)
    }

    @Test(arguments: [1, 2], [true, false])
    func aLabelOtherThanZeroOrOneNamesFileRowAndColumn(threads: Int, memoryMap: Bool) {
        let error = DataFixtures.failure {
            try HEPMASSReader.read(
                DataFixtures.url("bad_label.csv"), options: .init(threads: threads, memoryMap: memoryMap))
        }
        #expect(error?.kind == .badLabel("2.0"))
        #expect(error?.row == 3)
        #expect(error?.column == 1)
        #expect(
            error?.description.contains(
                "bad_label.csv:3:1 (label): error: a label must be 0 (background) or 1 (signal), found '2.0'") == true)
    }

    @Test func aMissingFieldIsAWrongColumnCount() {
        let error = DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("missing_column.csv")) }
        #expect(error?.kind == .wrongColumnCount(expected: 29, found: 28))
        #expect(error?.row == 4)
    }

    @Test func nanAndInfinityAreRejected() {
        let nan = DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("nan.csv")) }
        #expect(nan?.kind == .notFinite("nan"))
        #expect(nan?.row == 3)
        #expect(nan?.column == 10)
        #expect(nan?.columnName == "f8")
        let inf = DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("inf.csv")) }
        #expect(inf?.kind == .notFinite("inf"))
        #expect(inf?.row == 2)
        #expect(inf?.column == 29)
        #expect(inf?.columnName == "mass")
    }

    @Test func emptyFilesAndMissingHeadersAreErrors() {
        #expect(DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("empty.csv")) }?.kind == .emptyFile)
        #expect(
            DataFixtures.failure {
                try HEPMASSReader.read(DataFixtures.url("empty.csv"), options: .init(memoryMap: false))
            }?.kind == .emptyFile)
        #expect(
            DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("header_only.csv")) }?.kind == .emptyFile)
        let noHeader = DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("no_header.csv")) }
        #expect(noHeader?.row == 1)
        if case .badHeader = noHeader?.kind {
        } else {
            Issue.record("expected a header error, got \(String(describing: noHeader))")
        }
        let missing = DataFixtures.failure { try HEPMASSReader.read(DataFixtures.url("does_not_exist.csv")) }
        if case .cannotOpen = missing?.kind {
        } else {
            Issue.record("expected cannotOpen, got \(String(describing: missing))")
        }
    }

    @Test(arguments: [1, 2])
    func truncatedAndCorruptGzipAreErrors(threads: Int) {
        let truncated = DataFixtures.failure {
            try HEPMASSReader.read(DataFixtures.url("truncated.csv.gz"), options: .init(threads: threads))
        }
        #expect(truncated?.kind == .truncatedGzip)
        #expect(truncated?.path?.hasSuffix("truncated.csv.gz") == true)
        let corrupt = DataFixtures.failure {
            try HEPMASSReader.read(DataFixtures.url("corrupt.csv.gz"), options: .init(threads: threads))
        }
        if case .corruptGzip = corrupt?.kind {
        } else {
            Issue.record("expected corruptGzip, got \(String(describing: corrupt))")
        }
    }

    @Test func errorsDeepInABigFileCarryTheGlobalLineNumber() throws {
        // Many blocks, parsed on two threads: the reported line must still be the file's.
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 1)
        let table = try TTbarGenerator().background(count: 3000, using: &rng)
        let csv = dir.appendingPathComponent("big.csv")
        try HEPMASSWriter.write(table, to: csv, format: .fixed(decimals: 6))
        var lines = try String(contentsOf: csv, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        lines[2345] = Substring(
            lines[2345].replacingOccurrences(of: ",", with: ",x", options: [], range: nil).prefix(40))
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        for threads in [1, 2] {
            for memoryMap in [true, false] {
                let error = DataFixtures.failure {
                    try HEPMASSReader.read(
                        csv, options: .init(threads: threads, blockSize: 1 << 17, memoryMap: memoryMap))
                }
                #expect(error?.row == 2346)
                #expect(error?.column == 2)
            }
        }
    }
}
