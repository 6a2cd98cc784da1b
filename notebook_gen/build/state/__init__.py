"""What a build remembers for the next one: the manifest (``manifest``, read as untrusted input
by ``manifest_shape``) and the snapshot behind the quick no-op check (``snapshot``), both
made of stamps (``stamps``: what a file was, and when it is unchanged)."""
