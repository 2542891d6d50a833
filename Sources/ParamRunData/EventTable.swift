import Foundation
import ParamRunSupport

/// A columnar table of events: Float32 features, a 0/1 label, the mass parameter θ and, for
/// sources that store one, a per-event weight.
///
/// Features are stored row-major (`count × featureCount`), the layout the network engine
/// consumes; `labels` and `theta` are one value per event.
public struct EventTable: Equatable, Sendable {
    /// Feature column names, e.g. `f0`…`f26`, `mwwbb` or `x`.
    public var featureNames: [String]
    /// Row-major feature matrix, `count × featureCount` values.
    public var features: [Float]
    /// 1 for signal, 0 for background.
    public var labels: [Float]
    /// The physics parameter θ (m_X in GeV for the physics sources).
    public var theta: [Float]
    /// One non-negative weight per event, or nil when every event counts once.
    public var weights: [Float]?
    /// The feature columns that hold a θ condition (a JES shift `jes`, …) rather than a measured
    /// feature, in the order of ``featureNames``; empty for a one-component θ.
    ///
    /// A condition describes signal and background alike, so it travels as a column beside the
    /// features: splits, subsets and artifacts carry it without a second code path.
    public var parameterNames: [String] = []

    /// Creates a table; the arrays must agree in size.
    public init(
        featureNames: [String], features: [Float], labels: [Float], theta: [Float], weights: [Float]? = nil,
        parameterNames: [String] = []
    ) {
        precondition(labels.count == theta.count, "labels and theta differ in length")
        precondition(features.count == labels.count * featureNames.count, "feature matrix has the wrong size")
        precondition(weights == nil || weights?.count == labels.count, "weights and labels differ in length")
        self.featureNames = featureNames
        self.features = features
        self.labels = labels
        self.theta = theta
        self.weights = weights
        self.parameterNames = parameterNames.filter(featureNames.contains)
    }

    /// An empty table with the given columns.
    public init(featureNames: [String]) {
        self.init(featureNames: featureNames, features: [], labels: [], theta: [])
    }

    /// The number of events.
    public var count: Int { labels.count }
    /// The number of feature columns (θ not included).
    public var featureCount: Int { featureNames.count }

    /// One feature value.
    public func feature(row: Int, column: Int) -> Float {
        features[row * featureNames.count + column]
    }

    /// The values of one feature column.
    public func column(_ index: Int) -> [Float] {
        let width = featureNames.count
        return (0..<count).map { features[$0 * width + index] }
    }

    /// The events at the given row indices, in that order.
    public func rows(_ indices: [Int]) -> EventTable {
        let width = featureNames.count
        var out = [Float]()
        out.reserveCapacity(indices.count * width)
        features.withUnsafeBufferPointer { src in
            for i in indices {
                out.append(contentsOf: src[(i * width)..<((i + 1) * width)])
            }
        }
        return EventTable(
            featureNames: featureNames, features: out,
            labels: indices.map { labels[$0] }, theta: indices.map { theta[$0] },
            weights: weights.map { w in indices.map { w[$0] } }, parameterNames: parameterNames)
    }

    /// Appends the events of another table with the same columns.
    public mutating func append(_ other: EventTable) {
        precondition(other.featureNames == featureNames, "appending a table with different columns")
        // A table without weights counts each event once, so mixing keeps that meaning.
        if weights != nil || other.weights != nil {
            var combined = weights ?? [Float](repeating: 1, count: count)
            combined.append(contentsOf: other.weights ?? [Float](repeating: 1, count: other.count))
            weights = combined
        }
        features.append(contentsOf: other.features)
        labels.append(contentsOf: other.labels)
        theta.append(contentsOf: other.theta)
        if parameterNames.isEmpty { parameterNames = other.parameterNames }
    }

    /// A table holding only the selected feature columns.
    public func selecting(_ selection: FeatureSelection) throws -> EventTable {
        let keep = try selection.indices(in: featureNames)
        if keep == Array(featureNames.indices) { return self }
        let width = featureNames.count
        var out = [Float]()
        out.reserveCapacity(count * keep.count)
        for r in 0..<count {
            for c in keep { out.append(features[r * width + c]) }
        }
        return EventTable(
            featureNames: keep.map { featureNames[$0] }, features: out, labels: labels, theta: theta, weights: weights,
            parameterNames: parameterNames)
    }

    /// The feature columns that are measured features, not θ conditions.
    public var measuredFeatureNames: [String] { featureNames.filter { !parameterNames.contains($0) } }

    /// The value of θ condition `name` for every event, or nil when the table has no such column.
    public func condition(_ name: String) -> [Float]? {
        guard parameterNames.contains(name), let index = featureNames.firstIndex(of: name) else { return nil }
        return column(index)
    }

    /// Whether event `row` was made under the condition setting `conditions`.
    public func matches(row: Int, conditions: [String: Double], columns: [String: Int]) -> Bool {
        conditions.allSatisfy { name, value in
            columns[name].map {
                abs(Double(features[row * featureNames.count + $0]) - value) < ThetaPoint.conditionTolerance
            } ?? false
        }
    }

    /// The column index of each θ condition, for ``matches(row:conditions:columns:)``.
    public var conditionColumns: [String: Int] {
        Dictionary(
            uniqueKeysWithValues: parameterNames.compactMap { name in
                featureNames.firstIndex(of: name).map { (name, $0) }
            })
    }

    /// A copy with one more feature column holding a θ condition, the same `value` for every event.
    public func appendingCondition(_ name: String, value: Double) -> EventTable {
        let width = featureNames.count
        var out = [Float]()
        out.reserveCapacity(count * (width + 1))
        for r in 0..<count {
            out.append(contentsOf: features[(r * width)..<((r + 1) * width)])
            out.append(Float(value))
        }
        return EventTable(
            featureNames: featureNames + [name], features: out, labels: labels, theta: theta, weights: weights,
            parameterNames: parameterNames + [name])
    }

    /// The network input: row-major `count × (selected features + 1)`, θ in the last column.
    ///
    /// - Returns: the values and the number of columns.
    public func inputMatrix(selection: FeatureSelection = .all) throws -> (values: [Float], columns: Int) {
        let keep = try selection.indices(in: featureNames)
        let width = featureNames.count
        let columns = keep.count + 1
        let n = count
        let values = [Float](unsafeUninitializedCapacity: n * columns) { out, initialized in
            features.withUnsafeBufferPointer { src in
                for r in 0..<n {
                    let base = r * width
                    var o = r * columns
                    for c in keep {
                        out[o] = src[base + c]
                        o += 1
                    }
                    out[o] = theta[r]
                }
            }
            initialized = n * columns
        }
        return (values, columns)
    }

    /// A copy in which every background event has θ set to one value, for evaluation at that mass.
    public func withBackgroundTheta(_ value: Float) -> EventTable {
        var copy = self
        for i in 0..<count where copy.labels[i] == 0 { copy.theta[i] = value }
        return copy
    }

    /// A copy in which every event has θ set to one value.
    public func withTheta(_ value: Float) -> EventTable {
        var copy = self
        copy.theta = [Float](repeating: value, count: count)
        return copy
    }

    /// The distinct θ values of the signal events, ascending.
    public var signalMasses: [Float] {
        var seen = Set<Float>()
        for i in 0..<count where labels[i] == 1 { seen.insert(theta[i]) }
        return seen.sorted()
    }
}

// MARK: - Artifacts

extension EventTable {
    /// The description written beside the arrays of an artifact directory.
    package struct ArtifactManifest: Codable, Equatable, Sendable {
        package var formatVersion: Int
        package var featureNames: [String]
        package var count: Int
        /// Files in the directory: the feature matrix, labels, θ and, when there are weights, weights.
        package var files: [String: String]
        /// The feature columns that hold θ conditions; absent for a one-component θ.
        package var parameterNames: [String]?
    }

    /// File names used by ``writeArtifacts(to:)``.
    package static let artifactFiles = (
        features: "features.npy", labels: "labels.npy",
        theta: "theta.npy", weights: "weights.npy", manifest: "table.json"
    )

    /// Writes the table as `features.npy` (float32, C order, `count × featureCount`),
    /// `labels.npy` and `theta.npy` (float32, `count`), `weights.npy` (float32, `count`) when the
    /// table has weights, and `table.json` naming the columns and files.
    ///
    /// numpy reads each array with `numpy.load`.
    package func writeArtifacts(to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataError(.io("\(error)"), path: directory.path)
        }
        let f = EventTable.artifactFiles
        try NPYFile.write(features, shape: [count, featureCount], to: directory.appendingPathComponent(f.features))
        try NPYFile.write(labels, shape: [count], to: directory.appendingPathComponent(f.labels))
        try NPYFile.write(theta, shape: [count], to: directory.appendingPathComponent(f.theta))
        var files = ["features": f.features, "labels": f.labels, "theta": f.theta]
        if let weights {
            try NPYFile.write(weights, shape: [count], to: directory.appendingPathComponent(f.weights))
            files["weights"] = f.weights
        }
        let manifest = ArtifactManifest(
            formatVersion: 1, featureNames: featureNames, count: count, files: files,
            parameterNames: parameterNames.isEmpty ? nil : parameterNames)
        let url = directory.appendingPathComponent(f.manifest)
        do {
            try JSONCoding.write(manifest, to: url)
        } catch {
            throw DataError(.io("\(error)"), path: url.path)
        }
    }

    /// Reads a table written by ``writeArtifacts(to:)``.
    package static func readArtifacts(from directory: URL) throws -> EventTable {
        let f = artifactFiles
        let manifestURL = directory.appendingPathComponent(f.manifest)
        let manifest: ArtifactManifest
        do {
            manifest = try JSONCoding.read(ArtifactManifest.self, from: manifestURL)
        } catch {
            throw DataError(.io("cannot read table manifest: \(error)"), path: manifestURL.path)
        }
        let features = try NPYFile.read(directory.appendingPathComponent(f.features))
        let labels = try NPYFile.read(directory.appendingPathComponent(f.labels))
        let theta = try NPYFile.read(directory.appendingPathComponent(f.theta))
        let n = manifest.count
        guard features.shape == [n, manifest.featureNames.count] else {
            throw DataError(
                .badNPY("shape \(features.shape), manifest says [\(n), \(manifest.featureNames.count)]"),
                path: directory.appendingPathComponent(f.features).path)
        }
        guard labels.shape == [n], theta.shape == [n] else {
            throw DataError(.badNPY("labels/theta shape disagrees with manifest count \(n)"), path: directory.path)
        }
        var weights: [Float]?
        if let name = manifest.files["weights"] {
            let array = try NPYFile.read(directory.appendingPathComponent(name))
            guard array.shape == [n] else {
                throw DataError(
                    .badNPY("weights shape \(array.shape), manifest count \(n)"),
                    path: directory.appendingPathComponent(name).path)
            }
            weights = array.values
        }
        return EventTable(
            featureNames: manifest.featureNames, features: features.values,
            labels: labels.values, theta: theta.values, weights: weights,
            parameterNames: manifest.parameterNames ?? [])
    }
}
