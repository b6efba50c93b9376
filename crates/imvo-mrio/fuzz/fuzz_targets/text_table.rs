//! Fuzzes the pymrio text-table parser: any bytes, any index/header counts, must give a table
//! or an error, never a panic; a table it returns must survive write → parse unchanged.
#![no_main]

use std::path::Path;

use imvo_mrio::NoProgress;
use imvo_mrio::text::{parse_table, parse_text_column, write_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let ic = (data[0] % 4) as usize;
    let hr = (data[1] % 4) as usize;
    let body = &data[2..];
    let path = Path::new("fuzz.txt");
    if let Ok(t) = parse_table(body, ic, hr, path, &NoProgress) {
        let mut out = Vec::new();
        write_table(&t, &mut out, &NoProgress).expect("writing to memory");
        // Round trip: what we write must read back to the same numbers. (Labels may differ
        // where the input held an unnamed multi-level header that pandas' layout cannot keep.)
        if let Ok(back) = parse_table(
            &out,
            t.rows().nlevels(),
            t.cols().nlevels(),
            path,
            &NoProgress,
        ) {
            assert_eq!(back.data(), t.data());
        }
    }
    let _ = parse_text_column(body, ic, hr, path);
});
