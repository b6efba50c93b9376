//! Measures the store's main operations on SQLite (temporary file) and PostgreSQL (a scratch
//! database from `IMVO_TEST_POSTGRES_URL`, skipped with a note when unreachable). Bounded: a
//! few thousand operations per backend. Run with `cargo bench -p imvo-store`.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use imvo_store::scratch::{ScratchDatabase, admin_url};
use imvo_store::{NewAccount, NewEntry, Session, Store};

fn entry(i: usize) -> NewEntry {
    NewEntry {
        effective: NaiveDate::from_ymd_opt(
            2014 + (i % 6) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        )
        .expect("a valid date"),
        kind: "record_event".into(),
        payload: serde_json::json!({"trajectory": format!("t{}", i % 18), "text": "Een gebeurtenis in het convenantstraject", "n": i}),
        source: "Kamerstuk 26 485 nr. 212, §2".into(),
        actor: "bench".into(),
    }
}

/// Runs `f` `n` times and returns the mean and the 99th percentile per call.
async fn time<F, Fut>(n: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i).await;
        samples.push(t.elapsed());
    }
    samples.sort();
    let mean = samples.iter().sum::<Duration>() / n as u32;
    (mean, samples[(n * 99 / 100).min(n - 1)])
}

fn row(what: &str, n: usize, (mean, p99): (Duration, Duration)) {
    println!(
        "  {what:<44} n={n:<5} mean {:>9.1} µs   p99 {:>9.1} µs",
        mean.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6
    );
}

async fn measure(store: &Store) {
    let batch: Vec<NewEntry> = (0..1000).map(entry).collect();
    let t = Instant::now();
    store.append(&batch).await.expect("append a batch");
    println!(
        "  append one batch of 1000 records (one transaction)   {:>9.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    row(
        "append one record",
        300,
        time(300, |i| {
            let s = store.clone();
            async move {
                s.append(&[entry(i)]).await.expect("append");
            }
        })
        .await,
    );
    row(
        "last_seq",
        2000,
        time(2000, |_| {
            let s = store.clone();
            async move {
                s.last_seq().await.expect("last_seq");
            }
        })
        .await,
    );
    row(
        "entries(as of 2016-06-30) of 1300",
        50,
        time(50, |_| {
            let s = store.clone();
            async move {
                s.entries(NaiveDate::from_ymd_opt(2016, 6, 30))
                    .await
                    .expect("entries");
            }
        })
        .await,
    );
    row(
        "entries(all) of 1300",
        50,
        time(50, |_| {
            let s = store.clone();
            async move {
                s.entries(None).await.expect("entries");
            }
        })
        .await,
    );
    let account = store
        .create_account(
            &NewAccount {
                username: "bench".into(),
                display_name: "Bench".into(),
                role: "admin".into(),
                organisation_id: None,
                password_hash: "h".into(),
            },
            "admin",
        )
        .await
        .expect("an account");
    let now = Utc::now();
    store
        .create_session(&Session {
            id_hash: "s".into(),
            account_id: account.id,
            csrf_token: "c".into(),
            created_at: now,
            expires_at: now + chrono::Duration::hours(1),
        })
        .await
        .expect("a session");
    row(
        "session lookup (with account)",
        2000,
        time(2000, |_| {
            let s = store.clone();
            async move {
                s.session("s", now).await.expect("session").expect("found");
            }
        })
        .await,
    );
    let t = Instant::now();
    let export = store.export().await.expect("export");
    let json = export.to_json();
    println!(
        "  export 1300 records to JSON ({} kB)                {:>9.1} ms",
        json.len() / 1024,
        t.elapsed().as_secs_f64() * 1e3
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("bench.db").display().to_string();
        let store = Store::open(&path).await.expect("open SQLite");
        println!("SQLite (file, WAL, synchronous=FULL):");
        measure(&store).await;
        store.close().await;

        match ScratchDatabase::create(&admin_url(), "imvo_store_bench").await {
            Ok(db) => {
                let store = Store::open(db.url()).await.expect("open PostgreSQL");
                println!("PostgreSQL ({}):", admin_url());
                measure(&store).await;
                store.close().await;
                db.drop_database().await.expect("drop the scratch database");
            }
            Err(e) => println!("PostgreSQL skipped: {e}"),
        }
    });
}
