"""nginx: nginx.conf with its includes, read as nginx 1.18 to 1.30 reads it."""
