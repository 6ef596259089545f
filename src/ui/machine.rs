//! The shape every page of the Desk tab has: a pure state machine (`update`: a message in,
//! commands out) and a runner that carries a command out against the store and answers with
//! the next message. `drive` connects the two until no command is left.

/// A page's state machine. `update` reads no store, terminal or clock: everything it needs
/// arrives in the message.
pub trait Machine {
    type Msg;
    type Cmd;
    fn update(&mut self, msg: Self::Msg) -> Vec<Self::Cmd>;
}

/// Feeds `first` to the machine, runs every command it asks for with `run` and feeds each
/// answer back, until the machine asks for nothing more. A command without an answer
/// (`None`) ends its chain. Bounded: a machine that keeps asking stops after `LIMIT` rounds.
pub fn drive<M: Machine>(
    machine: &mut M,
    first: M::Msg,
    mut run: impl FnMut(M::Cmd) -> Option<M::Msg>,
) {
    const LIMIT: usize = 64;
    let mut queue = std::collections::VecDeque::from([first]);
    let mut rounds = 0;
    while let Some(msg) = queue.pop_front() {
        rounds += 1;
        if rounds > LIMIT {
            tracing::warn!("a page's state machine asked for more than {LIMIT} rounds");
            break;
        }
        for cmd in machine.update(msg) {
            if let Some(answer) = run(cmd) {
                queue.push_back(answer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts down: each number asks for the one below until zero.
    struct Countdown(Vec<u32>);

    impl Machine for Countdown {
        type Msg = u32;
        type Cmd = u32;
        fn update(&mut self, msg: u32) -> Vec<u32> {
            self.0.push(msg);
            if msg == 0 { vec![] } else { vec![msg - 1] }
        }
    }

    #[test]
    fn answers_are_fed_back_until_nothing_is_asked() {
        let mut m = Countdown(Vec::new());
        drive(&mut m, 3, Some);
        assert_eq!(m.0, vec![3, 2, 1, 0]);
    }

    #[test]
    fn a_command_without_answer_ends_its_chain() {
        let mut m = Countdown(Vec::new());
        drive(&mut m, 3, |c| (c != 1).then_some(c));
        assert_eq!(m.0, vec![3, 2]);
    }

    #[test]
    fn a_machine_that_never_stops_is_cut_off() {
        struct Forever(usize);
        impl Machine for Forever {
            type Msg = ();
            type Cmd = ();
            fn update(&mut self, _: ()) -> Vec<()> {
                self.0 += 1;
                vec![()]
            }
        }
        let mut m = Forever(0);
        drive(&mut m, (), Some);
        assert_eq!(m.0, 64);
    }
}
