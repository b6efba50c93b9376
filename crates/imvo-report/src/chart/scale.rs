//! The value scale of an axis: "nice" tick steps (1, 2, 5 × 10ⁿ) from 0 up to the data.

/// A "nice" tick step (1, 2, 5 × 10ⁿ) giving at most about `target` ticks up to `max`.
pub(super) fn nice_step(max: f64, target: usize) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Ticks from 0 to at least `max`: (values, top of the axis).
pub(super) fn ticks(max: f64, target: usize, integer: bool) -> (Vec<f64>, f64) {
    let mut step = nice_step(max, target);
    if integer {
        step = step.max(1.0).round();
    }
    let n = (max / step).ceil().max(1.0) as usize;
    let top = step * n as f64;
    ((0..=n).map(|i| step * i as f64).collect(), top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        assert_eq!(ticks(9.0, 5, true).1, 10.0);
        assert_eq!(ticks(13.0, 5, true).0, vec![0.0, 5.0, 10.0, 15.0]);
        assert_eq!(ticks(0.0, 5, true).1, 1.0);
        assert_eq!(nice_step(0.37, 5), 0.1);
    }
}
