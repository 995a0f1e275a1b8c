//! PLACEHOLDER family: functions are being written.

use super::Registry;

pub fn register(_r: &mut Registry) {}
