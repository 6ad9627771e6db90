# Shared by scripts/setup.sh and scripts/test.sh.

# Runs a command with no inherited descriptors but stdin/stdout/stderr. Package scripts
# and test servers start daemons (the dbus postinst starts the system bus) that would
# otherwise keep the caller's pipes open for ever, and a CI runner waiting for
# end-of-output never finishes.
detached() {
  (
    close_inherited_fds
    exec "$@"
  )
}

# Closes every descriptor of the current shell but stdin/stdout/stderr. For a server
# started in the background: `( close_inherited_fds; exec server ) >log 2>&1 &`, so that
# `$!` is the server itself and killing it leaves nothing behind.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-"; fi
  done
}

# Where test tools that are not system packages live: outside the repository, kept
# between runs.
TOOLS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/sprout-test-tools"
