#!/bin/bash
# deb/rpm post-remove. On an upgrade (deb: "upgrade"; rpm: 1) the new version's files stay: nothing is
# removed. On removal the `enclave` launcher and the AppArmor profile go; /etc/enclave, the policy IT
# deployed, always stays (remove it by hand, or with your configuration management).

case "$1" in
  remove|purge|0) ;;
  *) exit 0 ;;
esac

if grep -q 'Enclave CLI launcher' '/usr/bin/${executable}' 2>/dev/null; then
  rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
