//! Work shared across cores with rayon (the `rayon` feature; the default is `par.rs`).
//! The same four calls as `par.rs`, for a measured comparison of the two
//! (`docs/performance.md`). The calling thread joins the pool as its thread 0, so it
//! starts on the items at once instead of waking a worker and sleeping; workers are kept
//! off the core the calling thread started on, as `par.rs` keeps its helpers.

use rayon::prelude::*;

/// Builds the global pool with the calling thread as its thread 0. Idempotent.
pub fn start() {
    let avoid = current_cpu();
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(cores())
        .use_current_thread()
        .start_handler(move |_| {
            if let Some(cpu) = avoid {
                keep_off(cpu)
            }
        })
        .build_global();
}

/// `f` over every item of `items`, results in order, shared when there are at least
/// `min_items`.
pub fn map<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, min_items, || (), |(), item| f(item))
}

/// `f` over every item with a per-thread `state` made by `init`.
pub fn map_with<T: Sync, S, R: Send>(
    items: &[T],
    min_items: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    if items.len() < min_items.max(2) || rayon::current_num_threads() < 2 {
        let mut state = init();
        return items.iter().map(|item| f(&mut state, item)).collect();
    }
    items.par_iter().map_init(&init, |s, item| f(s, item)).collect()
}

/// `a` and `b` at the same time; the calling thread starts on `b`.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    let (b, a) = rayon::join(b, a);
    (a, b)
}

/// Drops `value` on a worker, off the caller's path.
pub fn drop_off<T: Send + 'static>(value: T) {
    if rayon::current_num_threads() < 2 {
        return drop(value);
    }
    rayon::spawn(move || drop(value));
}

fn cores() -> usize {
    #[cfg(target_os = "linux")]
    // SAFETY: `set` is a plain bit set, zeroed and then filled by the kernel.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) == 0 {
            return (libc::CPU_COUNT(&set) as usize).max(1);
        }
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn current_cpu() -> Option<usize> {
    #[cfg(target_os = "linux")]
    // SAFETY: no arguments; returns -1 on failure.
    return usize::try_from(unsafe { libc::sched_getcpu() }).ok();
    #[cfg(not(target_os = "linux"))]
    None
}

/// Keeps the calling (worker) thread off `cpu` when it may run elsewhere.
fn keep_off(cpu: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: `set` is a plain bit set read and written by the kernel for this thread.
    unsafe {
        let size = std::mem::size_of::<libc::cpu_set_t>();
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size, &mut set) == 0
            && cpu < libc::CPU_SETSIZE as usize
            && libc::CPU_ISSET(cpu, &set)
            && libc::CPU_COUNT(&set) > 1
        {
            libc::CPU_CLR(cpu, &mut set);
            libc::sched_setaffinity(0, size, &set);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cpu;
}
