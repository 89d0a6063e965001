//! Work shared across cores. The items of a slice are handed out one at a time to the
//! calling thread and to helper threads, whoever is free takes the next; results come
//! back in item order and never depend on who computed what.
//!
//! The helpers (one per extra core the process may use, cgroup quota included, as std's
//! `available_parallelism` counts them) are
//! started when the first build begins and kept, because a small book has only a few
//! milliseconds of work to share. rayon, measured against this module in one interleaved
//! run, was 17–29 % slower here (`docs/performance.md`). Measured on a 2-core VM:
//! - a thread spawned while the main thread was busy was put on the main thread's core
//!   and ran only when the main thread blocked, or after the scheduler's next balancing
//!   tick a millisecond later, so "parallel" work ran in series; so each helper is kept
//!   off the core of the thread that started the first build, and [`start`] at the top
//!   of a build has them running by the time it has work to share;
//! - a sleeping helper took from 4 µs to 2 ms to wake (its virtual CPU halts), so work
//!   is never assigned to a helper in advance: the calling thread starts on the items at
//!   once and a helper joins in when it wakes, or finds nothing left and does nothing;
//! - the two "cores" are hyperthreads of one core, so a thread that spins while it
//!   waits slows the other one down: helpers sleep when idle, and the calling thread
//!   spins only briefly while a helper finishes its last item, then sleeps until the
//!   helper wakes it.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Starts the helpers now rather than at the first shared work, so that they are running
/// by the time there is some (a new thread takes ~150 µs to start here). Called when a
/// build begins; idempotent.
pub fn start() {
    crew();
}

/// `f` over every item of `items`, results in order. Items are shared out to helpers
/// when there are at least `min_items` of them.
pub fn map<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, min_items, || (), |(), item| f(item))
}

/// `f` over every item of `items`, results in order, where each thread that takes part
/// makes its own `state` (a cache, say) with `init` when it takes its first item.
/// Items are shared out to helpers when there are at least `min_items` of them.
pub fn map_with<T: Sync, S, R: Send>(
    items: &[T],
    min_items: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(n));
    let work = || {
        let mut state = None;
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, SeqCst);
            if i >= n {
                break;
            }
            let s = state.get_or_insert_with(&init);
            mine.push((i, f(s, &items[i])));
        }
        // The state goes before this thread reports back: it may borrow from the caller.
        drop(state);
        lock(&done).append(&mut mine);
    };
    if n >= min_items.max(2) {
        share(&work);
    } else {
        work();
    }
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `a` and `b` at the same time when a helper is free to take `a`; both results. The
/// calling thread starts on `b`, so `b` should be the longer.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    let tasks = (Mutex::new(Some(a)), Mutex::new(Some(b)));
    let results = (Mutex::new(None), Mutex::new(None));
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            // `b` first: the calling thread starts at once, a helper joins in later.
            match next.fetch_add(1, SeqCst) {
                0 => *lock(&results.1) = lock(&tasks.1).take().map(|b| b()),
                1 => *lock(&results.0) = lock(&tasks.0).take().map(|a| a()),
                _ => break,
            }
        }
    };
    share(&work);
    let (a, b) = (results.0.into_inner(), results.1.into_inner());
    match (a.ok().flatten(), b.ok().flatten()) {
        (Some(a), Some(b)) => (a, b),
        // `share` re-raises a panic of either task before this point.
        _ => unreachable!("both tasks ran"),
    }
}

/// Drops `value` on a helper thread, off the caller's path (now if there is none).
/// A value still waiting when the process exits is never dropped, which is fine for
/// memory: the system takes it back.
pub fn drop_off<T: Send + 'static>(value: T) {
    let crew = crew();
    match crew.queues.first() {
        Some(queue) if !IS_HELPER.with(|h| h.get()) => {
            if let Err(job) = queue.send(Box::new(move || drop(value))) {
                drop(job);
            }
        }
        _ => drop(value),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A job for a helper.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// The helper threads, one queue each.
struct Crew {
    queues: Vec<Sender<Job>>,
}

thread_local! {
    /// Set on helper threads: work they share out they do alone.
    static IS_HELPER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn crew() -> &'static Crew {
    static CREW: OnceLock<Crew> = OnceLock::new();
    CREW.get_or_init(|| Crew::new(cores().min(MAX_HELPERS + 1) - 1))
}

impl Crew {
    /// `helpers` threads, kept off the core the calling thread is on (when there is
    /// another), each waiting on its own queue.
    fn new(helpers: usize) -> Crew {
        let avoid = current_cpu();
        let queues = (0..helpers)
            .filter_map(|i| {
                let (tx, rx) = channel::<Job>();
                let handle = std::thread::Builder::new()
                    .name(format!("chapbook-helper-{i}"))
                    .spawn(move || {
                        IS_HELPER.with(|h| h.set(true));
                        while let Ok(job) = rx.recv() {
                            // A job that panics (a destructor handed over by `drop_off`)
                            // does not take the helper with it; shared work reports its
                            // panics to its caller through the gate.
                            let _ = catch_unwind(AssertUnwindSafe(job));
                        }
                    })
                    .ok()?;
                if let Some(cpu) = avoid {
                    keep_off(&handle, cpu);
                }
                Some(tx)
            })
            .collect();
        Crew { queues }
    }
}

/// How long the calling thread spins for a helper's last item before it parks: about
/// 20 µs here, long enough for most items to finish, short enough that a long item does
/// not cost the sibling hyperthread its time.
const SPINS_BEFORE_PARKING: u32 = 4096;

/// What the calling thread and the helpers of one [`share`] have in common. Owned jointly
/// (`Arc`), so a helper that gets to its job late touches only this.
struct Gate {
    /// The thread to wake when the last helper leaves.
    caller: std::thread::Thread,
    /// Helpers inside `work` now.
    active: AtomicUsize,
    /// Set when the calling thread is done with `work`: helpers that arrive later leave.
    closed: AtomicBool,
    /// The first panic of a helper's `work`.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

impl Default for Gate {
    /// A gate whose caller is the current thread.
    fn default() -> Self {
        Gate {
            caller: std::thread::current(),
            active: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            panic: Mutex::new(None),
        }
    }
}

/// `work` as a raw pointer, so that a job outlives the borrow without holding it.
#[derive(Clone, Copy)]
struct WorkPtr(*const (dyn Fn() + Sync + 'static));
// SAFETY: the pointee is `Sync` and is only called while the caller of `share` waits.
unsafe impl Send for WorkPtr {}

impl WorkPtr {
    /// SAFETY: only while the `work` it was made from is alive (see [`share`]).
    unsafe fn call(self) {
        unsafe { (*self.0)() }
    }
}

/// Calls `work` on this thread and offers it to every helper at the same time. Returns
/// when this thread's call has returned and so has every helper's call that had begun;
/// a helper that gets to the job after that does not call `work`. So `work` must hand out
/// its items itself and may be called any number of times, even none on a helper.
fn share(work: &(dyn Fn() + Sync)) {
    share_on(crew(), work)
}

/// [`share`] with the helpers of `crew`.
fn share_on(crew: &Crew, work: &(dyn Fn() + Sync)) {
    if crew.queues.is_empty() || IS_HELPER.with(|h| h.get()) {
        return work();
    }
    let gate = Arc::new(Gate::default());
    // SAFETY: only the lifetime is erased. A helper calls `work` only between raising
    // `active` and finding `closed` unset, and this function returns only after setting
    // `closed` and then seeing `active` at zero (all SeqCst): a helper that saw `closed`
    // unset raised `active` before this thread read it, so the borrow is still alive
    // for every call.
    let ptr = WorkPtr(unsafe {
        std::mem::transmute::<*const (dyn Fn() + Sync + '_), *const (dyn Fn() + Sync + 'static)>(work)
    });
    for queue in &crew.queues {
        let gate = gate.clone();
        let job: Job = Box::new(move || {
            gate.active.fetch_add(1, SeqCst);
            if !gate.closed.load(SeqCst) {
                // SAFETY: see above.
                if let Err(p) = catch_unwind(AssertUnwindSafe(|| unsafe { ptr.call() })) {
                    lock(&gate.panic).get_or_insert(p);
                }
            }
            // The last helper out after the caller has closed the gate wakes it (it may be
            // parked; an unpark before its park makes that park return at once).
            if gate.active.fetch_sub(1, SeqCst) == 1 && gate.closed.load(SeqCst) {
                gate.caller.unpark();
            }
        });
        // A helper that is gone leaves its share to the others.
        let _ = queue.send(job);
    }
    let mine = catch_unwind(AssertUnwindSafe(work));
    gate.closed.store(true, SeqCst);
    // A helper still inside `work` is finishing its last item: wait, spinning briefly
    // (an item is usually a fraction of a millisecond, and a parked thread takes long to
    // wake here), then parked until the last helper out unparks this thread. The timeout
    // only bounds a lost wake-up; the loop checks again either way.
    let mut spins = 0u32;
    while gate.active.load(SeqCst) != 0 {
        if spins < SPINS_BEFORE_PARKING {
            std::hint::spin_loop();
            spins += 1;
        } else {
            std::thread::park_timeout(Duration::from_millis(1));
        }
    }
    if let Err(p) = mine {
        resume_unwind(p);
    }
    if let Some(p) = lock(&gate.panic).take() {
        resume_unwind(p);
    }
}

/// Most helper threads started: enough for the longest books measured, few enough to
/// start in well under a millisecond.
const MAX_HELPERS: usize = 7;

/// The cores this process may use (at least 1): std's `available_parallelism`, which
/// honours the affinity mask and the cgroup v2 CPU quota (a container limited to one CPU
/// on a large host gets no helpers). Read once, when the helpers start; it parses the
/// mount table too and cost 0.15 ms here, once a process — paid rather than keep a
/// system call and a cgroup parser of our own.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The core the calling thread runs on, where the OS says.
fn current_cpu() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        Some(rustix::thread::sched_getcpu())
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Lets `thread` run on any core this process may use but `cpu`, when there is another.
/// Set by the parent: the new thread may not run before the parent stops. This is the
/// one libc call left: setting another thread's affinity needs its pthread handle, which
/// neither std nor rustix takes (rustix's `sched_setaffinity` wants a thread id, which
/// only the new thread knows, and it may not run yet).
fn keep_off(thread: &std::thread::JoinHandle<()>, cpu: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: `set` is a plain bit set, zeroed and then filled by the kernel (pid 0: the
    // calling thread, whose mask the new thread inherited); the pthread handle is alive
    // while `thread` is.
    unsafe {
        use std::os::unix::thread::JoinHandleExt;
        let size = std::mem::size_of::<libc::cpu_set_t>();
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size, &mut set) != 0 || cpu >= libc::CPU_SETSIZE as usize {
            return;
        }
        if libc::CPU_ISSET(cpu, &set) && libc::CPU_COUNT(&set) > 1 {
            libc::CPU_CLR(cpu, &mut set);
            libc::pthread_setaffinity_np(thread.as_pthread_t(), size, &set);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (thread, cpu);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Condvar;

    /// Shares `threads` items on `crew` where each item waits (up to `patience`) until
    /// every thread has one: a thread holding an item cannot take another, so the items
    /// only all arrive if every helper takes part. Whether they did.
    fn all_take_part(crew: &Crew, patience: Duration) -> bool {
        let threads = crew.queues.len() + 1;
        let next = AtomicUsize::new(0);
        let arrived = (Mutex::new(0usize), Condvar::new());
        let all = AtomicBool::new(true);
        let work = || {
            while next.fetch_add(1, SeqCst) < threads {
                let (count, cv) = &arrived;
                let mut count = lock(count);
                *count += 1;
                cv.notify_all();
                let (_count, waited) = cv.wait_timeout_while(count, patience, |c| *c < threads).unwrap();
                if waited.timed_out() {
                    all.store(false, SeqCst);
                }
            }
        };
        share_on(crew, &work);
        all.load(SeqCst)
    }

    #[test]
    fn every_helper_takes_part_and_a_dead_one_is_noticed() {
        let crew = Crew::new(3);
        for _ in 0..5 {
            assert!(all_take_part(&crew, Duration::from_secs(10)));
        }
        // A crew with a helper that is gone (its queue has no thread behind it): the test
        // above would fail with it, so it can.
        let (dead, _) = channel::<Job>();
        let crippled = Crew { queues: vec![Crew::new(1).queues.remove(0), dead] };
        assert!(!all_take_part(&crippled, Duration::from_millis(200)));
    }

    #[test]
    fn a_helper_survives_a_destructor_that_panics() {
        struct Bomb;
        impl Drop for Bomb {
            fn drop(&mut self) {
                panic!("a destructor that panics");
            }
        }
        let crew = Crew::new(1);
        crew.queues[0].send(Box::new(move || drop(Bomb))).unwrap();
        assert!(all_take_part(&crew, Duration::from_secs(10)));
        // And the process's own crew, through `drop_off`.
        drop_off(Bomb);
        assert!(all_take_part(crew_for_tests(), Duration::from_secs(10)));
    }

    /// The process's crew (no helpers on a one-core machine).
    fn crew_for_tests() -> &'static Crew {
        crew()
    }

    #[test]
    fn results_keep_the_order_of_the_items_however_the_work_is_shared() {
        let items: Vec<u32> = (0..1001).collect();
        for min in [0, 1, 2, 7, 500, 2000] {
            let got = map(&items, min, |x| x * 3);
            assert_eq!(got, items.iter().map(|x| x * 3).collect::<Vec<_>>(), "min_items {min}");
        }
        assert!(map(&[] as &[u32], 1, |x| *x).is_empty());
    }

    #[test]
    fn each_thread_makes_its_state_once_and_keeps_it_for_its_items() {
        let items: Vec<usize> = (0..200).collect();
        let inits = AtomicUsize::new(0);
        let got = map_with(
            &items,
            1,
            || {
                inits.fetch_add(1, SeqCst);
                0usize
            },
            |seen, &x| {
                *seen += 1;
                (x, *seen)
            },
        );
        assert_eq!(got.iter().map(|&(x, _)| x).collect::<Vec<_>>(), items);
        let threads = inits.load(SeqCst);
        assert!((1..=crew().queues.len() + 1).contains(&threads), "{threads} states");
        // Each state counted its own items: the counts of the states sum to all items.
        let mut last_counts = got.iter().map(|&(_, c)| c).collect::<Vec<_>>();
        last_counts.sort_unstable();
        assert_eq!(last_counts.iter().filter(|&&c| c == 1).count(), threads);
    }

    #[test]
    fn join_returns_both_results_and_work_shared_inside_a_helper_runs_there() {
        let items: Vec<u64> = (0..100).collect();
        let (a, b) = join(|| map(&items, 1, |x| x + 1).iter().sum::<u64>(), || items.iter().sum::<u64>());
        assert_eq!((a, b), (5050, 4950));
    }

    #[test]
    fn a_panic_in_an_item_reaches_the_caller_and_the_helpers_survive_it() {
        let items: Vec<u32> = (0..10).collect();
        let caught = catch_unwind(|| map(&items, 1, |&x| if x == 3 { panic!("item 3") } else { x }));
        assert!(caught.is_err());
        let caught = catch_unwind(|| join(|| 1, || panic!("b")));
        assert!(caught.is_err());
        // Every helper still takes work.
        for _ in 0..20 {
            assert_eq!(map(&items, 1, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }
}
