/// Lets `DispatchQueue.concurrentPerform` workers share buffers and engines that each worker
/// touches only in its own part: its rows, its slice of the parameters, its output slot.
///
/// `@unchecked Sendable`: sound only because every caller gives each worker a disjoint part and
/// `concurrentPerform` returns after its last worker, so no two threads touch the same memory
/// and nothing outlives the call.
package struct DisjointParts<Value>: @unchecked Sendable {
    package let value: Value

    package init(_ value: Value) {
        self.value = value
    }
}
