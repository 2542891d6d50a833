/// The stages ready to be ordered, smallest ``StageID`` first: a binary heap, so ordering a
/// graph of n stages costs n log n. Popping a heap's minimum gives the same sequence as popping
/// the first of a sorted list, so the graph's order is what it always was.
struct ReadyStages {
    private var heap: [StageID] = []
    private var queued: Set<StageID> = []

    init(_ ids: [StageID]) {
        for id in ids { push(id) }
    }

    var isEmpty: Bool { heap.isEmpty }

    /// Adds `id` unless it is already waiting.
    mutating func push(_ id: StageID) {
        guard queued.insert(id).inserted else { return }
        heap.append(id)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest waiting stage.
    mutating func pop() -> StageID? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        queued.remove(first)
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left] < heap[smallest] { smallest = left }
            if right < heap.count, heap[right] < heap[smallest] { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
