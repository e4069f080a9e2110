"""Workflow: the SOP as data (`sop.toml`) and the engine that applies its actions to cases."""
