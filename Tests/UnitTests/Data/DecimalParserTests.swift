import Foundation
@testable import ParamRunData
@testable import ParamRunSupport
import Testing

@Suite struct DecimalParserTests {
    static func parse(_ text: String) -> Float? {
        var bytes = Array(text.utf8)
        bytes.append(0x2C)
        return bytes.withUnsafeBufferPointer { b in
            guard let (value, next) = DecimalParser.parse(b.baseAddress!, b.baseAddress! + b.count - 1),
                next == b.baseAddress! + b.count - 1
            else { return nil }
            return value
        }
    }

    @Test func agreesBitForBitWithTheStandardLibraryOnRandomText() {
        var rng = SeededGenerator(seed: 42)
        var checked = 0
        for i in 0..<60_000 {
            let magnitude = pow(10, Double(rng.nextIndex(below: 24)) - 12)
            let value = (rng.nextUniform() * 2 - 1) * magnitude
            let text: String
            switch i % 6 {
            case 0: text = String(format: "%.6f", value)
            case 1: text = String(format: "%.9g", value)
            case 2: text = String(format: "%e", value)
            case 3: text = Float(value).description
            case 4: text = String(format: "%.17g", value)
            default:
                // Long digit strings, beyond 19 significant digits.
                let digits = (0..<(1 + rng.nextIndex(below: 30))).map { _ in String(rng.nextIndex(below: 10)) }.joined()
                text =
                    (rng.nextIndex(below: 2) == 0 ? "-" : "") + digits + "." + String(rng.nextIndex(below: 1000)) + "e"
                    + String(rng.nextIndex(below: 60) - 40)
            }
            let expected = Float(text)!
            let got = Self.parse(text)
            #expect(got?.bitPattern == expected.bitPattern, "\(text): \(String(describing: got)) vs \(expected)")
            checked += 1
        }
        #expect(checked == 60_000)
    }

    @Test func handlesTheHEPMASSSpellings() {
        #expect(Self.parse("-0.123456") == Float("-0.123456"))
        #expect(Self.parse("1.0e-3") == Float("1.0e-3"))
        #expect(Self.parse("499.999969") == Float("499.999969"))
        #expect(Self.parse("1E+2") == 100)
        #expect(Self.parse(".5") == 0.5)
        #expect(Self.parse("5.") == 5)
        #expect(Self.parse("+3") == 3)
        #expect(Self.parse("-0")?.sign == .minus)
        #expect(Self.parse("1e-50") == 0)
        #expect(Self.parse("3.4028236e38")?.isInfinite == true)
    }

    @Test func halfwayCasesRoundLikeStrtof() {
        // 1 + 2^-24 is exactly halfway between two floats; the next decimal digit decides.
        #expect(Self.parse("1.000000059604644775390625")?.bitPattern == Float("1.000000059604644775390625")!.bitPattern)
        #expect(Self.parse("1.0000000596046448")?.bitPattern == Float("1.0000000596046448")!.bitPattern)
        #expect(Self.parse("16777217")?.bitPattern == Float("16777217")!.bitPattern)
    }

    @Test func rejectsNonNumbers() {
        for text in ["", "-", ".", "e5", "nan", "inf", "abc", "1x", "1e", "1.2.3"] {
            #expect(Self.parse(text) == nil, "\(text)")
        }
    }
}
