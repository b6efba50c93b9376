//! HTTP JSON API and server-rendered dashboard of imvo, with accounts and roles.
