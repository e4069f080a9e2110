"""Documents: contexts built from a case, .docx templates rendered, templates checked."""
