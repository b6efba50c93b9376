//! The `failed_logins` table: the window of the login limit. Not history: pruned, not exported.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::{Store, time};

impl Store {
    /// Records a failed login for `username` (whether or not such an account exists).
    pub async fn record_failed_login(&self, username: &str, at: DateTime<Utc>) -> Result<()> {
        const SQL: &str = "INSERT INTO failed_logins (username, at) VALUES ($1, $2)";
        self.run("recording a failed login", async {
            with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(username)
                    .bind(time::time_to_int(at))
                    .execute(pool)
                    .await?;
            });
            Ok(())
        })
        .await
    }

    /// How many failed logins `username` had at or after `since` (the window of a login limit).
    pub async fn failed_logins_since(&self, username: &str, since: DateTime<Utc>) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM failed_logins WHERE username = $1 AND at >= $2";
        self.run("counting failed logins", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query_scalar::<_, i64>(SQL)
                    .bind(username)
                    .bind(time::time_to_int(since))
                    .fetch_one(pool)
                    .await?
            }))
        })
        .await
    }

    /// Forgets the failed logins of `username` (after a successful login). Returns how many.
    pub async fn clear_failed_logins(&self, username: &str) -> Result<u64> {
        const SQL: &str = "DELETE FROM failed_logins WHERE username = $1";
        self.run("clearing failed logins", async {
            Ok(with_pool!(self, |pool| sqlx::query(SQL)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()))
        })
        .await
    }

    /// Forgets failed logins older than `before` (housekeeping). Returns how many.
    pub async fn prune_failed_logins(&self, before: DateTime<Utc>) -> Result<u64> {
        const SQL: &str = "DELETE FROM failed_logins WHERE at < $1";
        self.run("pruning failed logins", async {
            Ok(with_pool!(self, |pool| {
                sqlx::query(SQL)
                    .bind(time::time_to_int(before))
                    .execute(pool)
                    .await?
                    .rows_affected()
            }))
        })
        .await
    }
}
