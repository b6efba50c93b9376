//! Fuzzes the whole pymrio folder reader on a file_parameters.json plus one table.
#![no_main]

use imvo_mrio::NoProgress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("imvo-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let _ = std::fs::write(dir.join("file_parameters.json"), &data[..split]);
    let _ = std::fs::write(dir.join("Z.txt"), &data[split + 1..]);
    let _ = std::fs::write(dir.join("Y.txt"), &data[split + 1..]);
    let _ = imvo_mrio::read_pymrio(&dir, &NoProgress);
});
