"""The web desk: thin pages over the core's typed commands and case view (no SQL, no SOP rule
here). `app.create_app` builds it; `server` serves it with waitress beside the watcher."""
