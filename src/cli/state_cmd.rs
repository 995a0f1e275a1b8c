//! `terrace state list|show|rm|mv`.

use std::path::PathBuf;

use super::StateCommand;
use crate::addrs::{parse_target, Target};
use crate::state::model::State;
use crate::state::Lock;

fn path(flag: &Option<PathBuf>) -> PathBuf {
    flag.clone().unwrap_or_else(super::run::default_state_path)
}


fn targets(list: &[String]) -> Result<Vec<Target>, String> {
    list.iter().map(|a| parse_target(a).map_err(|e| format!("invalid address {a:?}: {e}"))).collect()
}

pub(super) fn run(cmd: StateCommand) -> i32 {
    match run_inner(cmd) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("\nError: {e}");
            1
        }
    }
}

fn run_inner(cmd: StateCommand) -> Result<(), String> {
    match cmd {
        StateCommand::List { state, addresses } => {
            let st = State::load(&path(&state))?;
            let ts = targets(&addresses)?;
            for a in st.instances() {
                if ts.is_empty() || ts.iter().any(|t| t.selects(&a)) {
                    println!("{a}");
                }
            }
            Ok(())
        }
        StateCommand::Show { state, address } => {
            let st = State::load(&path(&state))?;
            let t = parse_target(&address)?;
            let found: Vec<_> = st.instances().into_iter().filter(|a| t.selects(a)).collect();
            if found.is_empty() {
                return Err(format!("No instance found for the given address!\n\nThis command requires that the address references one specific instance. {address:?} is not in the state."));
            }
            for a in found {
                let inst = st.instance(&a).ok_or("instance vanished")?;
                // Sensitive attributes are shown as "(sensitive value)", as Terraform does.
                let v = crate::state::model::apply_sensitive_paths(crate::inputs::json_to_value(&inst.attributes), &inst.sensitive_attributes);
                println!("# {a}:");
                println!("{}", super::output::render_value(&v, 0));
            }
            Ok(())
        }
        StateCommand::Rm { state, addresses } => {
            let p = path(&state);
            let _lock = Lock::acquire(&p, "OperationTypeInvalid").map_err(|_| "the state is locked by another operation".to_string())?;
            let mut st = State::load(&p)?;
            let ts = targets(&addresses)?;
            let mut n = 0;
            for a in st.instances() {
                if ts.iter().any(|t| t.selects(&a)) {
                    st.set_instance(&a, "", None);
                    println!("Removed {a}");
                    n += 1;
                }
            }
            if n == 0 {
                return Err("Invalid target address\n\nNo matching objects found. To view the available instances, use \"terrace state list\".".into());
            }
            st.serial += 1;
            st.to_v4().write(&p).map_err(|e| e.to_string())?;
            println!("Successfully removed {n} resource instance(s).");
            Ok(())
        }
        StateCommand::Mv { state, source, destination } => {
            let p = path(&state);
            let _lock = Lock::acquire(&p, "OperationTypeInvalid").map_err(|_| "the state is locked by another operation".to_string())?;
            let mut st = State::load(&p)?;
            let (src, dst) = (parse_target(&source)?, parse_target(&destination)?);
            match (src, dst) {
                (Target::Instance(a), Target::Instance(b)) => {
                    let inst = st.instance(&a).cloned().ok_or(format!("no instance {a} in the state"))?;
                    if st.instance(&b).is_some() {
                        return Err(format!("cannot move to {b}: it already exists in the state"));
                    }
                    let provider = st.resources.get(&a.resource).map(|r| r.provider.clone()).unwrap_or_default();
                    st.set_instance(&a, &provider, None);
                    st.set_instance(&b, &provider, Some(inst));
                }
                (Target::Resource(a), Target::Resource(b)) => {
                    let r = st.resources.remove(&a).ok_or(format!("no resource {a} in the state"))?;
                    if st.resources.contains_key(&b) {
                        return Err(format!("cannot move to {b}: it already exists in the state"));
                    }
                    st.resources.insert(b, r);
                }
                (Target::Resource(a), Target::Instance(b)) if a.instance(crate::addrs::InstanceKey::None) != b => {
                    let inst = st.instance(&a.instance(crate::addrs::InstanceKey::None)).cloned().ok_or(format!("no instance {a} in the state"))?;
                    let provider = st.resources.get(&a).map(|r| r.provider.clone()).unwrap_or_default();
                    st.set_instance(&a.instance(crate::addrs::InstanceKey::None), &provider, None);
                    st.set_instance(&b, &provider, Some(inst));
                }
                _ => return Err("source and destination must both be resources or both be resource instances".into()),
            }
            st.serial += 1;
            st.to_v4().write(&p).map_err(|e| e.to_string())?;
            println!("Move {source:?} to {destination:?}\nSuccessfully moved 1 object(s).");
            Ok(())
        }
    }
}
