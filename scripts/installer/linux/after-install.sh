#!/bin/bash
# deb/rpm post-install (electron-builder fills in ${executable} and ${sanitizedProductName}):
# electron-builder's own steps (chrome-sandbox, MIME and desktop databases, AppArmor), then the
# `enclave` command and the machine policy folder. It replaces electron-builder's symlink
# /usr/bin/${executable} -> the app with a launcher script, because the CLI needs `--cli`.

APP_DIR='/opt/${sanitizedProductName}'

# The `enclave` command: the app binary in CLI mode, headless. Ozone's headless platform and no GPU
# process: a terminal command opens no window, and must run over SSH with no display.
if [ -L '/usr/bin/${executable}' ] || [ ! -e '/usr/bin/${executable}' ] || grep -q 'Enclave CLI launcher' '/usr/bin/${executable}' 2>/dev/null; then
  rm -f '/usr/bin/${executable}'
  cat > '/usr/bin/${executable}' <<LAUNCHER
#!/bin/sh
# Enclave CLI launcher (installed by the ${sanitizedProductName} package; docs/deployment.md).
exec '$APP_DIR/${executable}' --ozone-platform=headless --disable-gpu --cli "\$@"
LAUNCHER
  chmod 0755 '/usr/bin/${executable}'
fi

# The machine policy: /etc/enclave/policy.json, then /etc/enclave/policy.d/*.json in order. Root-owned
# and not writable by users; a policy IT already deployed is left exactly as it is.
install -d -m 0755 -o root -g root /etc/enclave /etc/enclave/policy.d

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
  # Use SUID chrome-sandbox only on systems without user namespaces:
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

if hash update-mime-database 2>/dev/null; then
  update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi

# AppArmor profile (Ubuntu 24+), as electron-builder's own after-install does: only where the running
# AppArmor supports it, and not loaded live inside a chroot.
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi
