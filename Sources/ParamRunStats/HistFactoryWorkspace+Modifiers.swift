import Foundation

/// Constructors for the modifier types beyond the search workspace's three, in the schema's shapes.
extension HistFactoryWorkspace.Modifier {
    /// A shape systematic: the sample's yields become `hi` at α = +1 and `lo` at α = −1, per bin.
    public static func histosys(_ name: String, hi: [Double], lo: [Double]) -> Self {
        Self(name: name, type: "histosys", data: .hiLoData(hi: hi, lo: lo))
    }
    /// Uncorrelated per-bin uncertainties `uncertainties` (absolute, in yields) with Poisson constraints.
    public static func shapesys(_ name: String, uncertainties: [Double]) -> Self {
        Self(name: name, type: "shapesys", data: .values(uncertainties))
    }
    /// The luminosity: the yields scale by the parameter `name`, constrained by the measurement's
    /// `auxdata` and `sigmas` for it.
    public static func lumi(_ name: String) -> Self {
        Self(name: name, type: "lumi", data: .none)
    }
    /// A free factor per bin, shared by the samples and channels carrying `name`.
    public static func shapefactor(_ name: String) -> Self {
        Self(name: name, type: "shapefactor", data: .none)
    }
}
