# Shared by scripts/setup.sh and scripts/test.sh.

# Runs a command with no inherited descriptors but stdin/stdout/stderr. Package scripts
# and test servers start daemons (the dbus postinst starts the system bus) that would
# otherwise keep the caller's pipes open for ever, and a CI runner waiting for
# end-of-output never finishes.
detached() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      ((fd > 2)) && eval "exec $fd>&-"
    done
    exec "$@"
  )
}

# Where test tools that are not system packages live: outside the repository, kept
# between runs.
TOOLS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/sprout-test-tools"
