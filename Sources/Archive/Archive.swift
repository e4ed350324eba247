// Placeholder: gzip and tar reading lands here.
