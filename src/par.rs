//! Work split across cores: a slice cut into one contiguous chunk per core, each chunk
//! mapped on its own thread (the calling thread takes the last), results in order.
//! Below a minimum chunk size everything runs on the calling thread, since starting a
//! thread (and its allocator arena, and its deflate tables) costs more than a few items.
//! The result never depends on how the work was split.

/// `f` over every chunk of `items`, concatenated in order. `f` gets a contiguous
/// sub-slice and returns one result per item (so per-thread state, such as a shaper,
/// lives inside one call of `f`). Threads are used only when every chunk would hold at
/// least `min_chunk` items.
pub fn map_chunks<T: Sync, R: Send>(items: &[T], min_chunk: usize, f: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let min_chunk = min_chunk.max(1);
    let threads = if items.len() < 2 * min_chunk { 1 } else { cores().min(items.len() / min_chunk) };
    if threads == 1 {
        return f(items);
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    let mut parts = items.chunks(chunk);
    let last = parts.next_back().unwrap_or(&[]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts.map(|part| scope.spawn(move || f(part))).collect();
        let tail = f(last);
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            // A panic in `f` is a bug; pass it on as it is.
            out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        out.extend(tail);
        out
    })
}

/// The cores this process may use, asked once: the answer reads cgroup files under
/// /proc and /sys, which costs more than a small book's pages.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` over every item of `items`, in order, on up to every core (see [`map_chunks`]).
pub fn map<T: Sync, R: Send>(items: &[T], min_chunk: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_chunks(items, min_chunk, |part| part.iter().map(&f).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_however_the_work_is_split() {
        let items: Vec<u32> = (0..1001).collect();
        for min in [1, 2, 7, 500, 2000] {
            let got = map(&items, min, |x| x * 3);
            assert_eq!(got, items.iter().map(|x| x * 3).collect::<Vec<_>>(), "min_chunk {min}");
        }
        assert!(map(&[] as &[u32], 1, |x| *x).is_empty());
    }

    #[test]
    fn each_chunk_is_contiguous_and_every_item_is_seen_once() {
        let items: Vec<usize> = (0..64).collect();
        let got = map_chunks(&items, 1, |part| {
            assert!(part.windows(2).all(|w| w[1] == w[0] + 1), "{part:?}");
            part.to_vec()
        });
        assert_eq!(got, items);
    }
}
