import type { PolicyLocks } from '@shared/policy.js';
import { Icon } from '../../components/Icon.js';

/**
 * Every setting the machine policy decides, read-only, each with a lock, its value in force and who
 * set it; the one reason they cannot be changed here is said once, above them.
 */
export function LockedSettings({ locks }: { locks: PolicyLocks }) {
  return (
    <div className="locked-settings">
      <h3>Set by policy</h3>
      <p className="muted locked-reason">
        <Icon name="lock" /> {locks.reason}
      </p>
      <dl className="locked-list">
        {locks.settings.map((setting) => (
          <div key={setting.key} className="locked-item" data-key={setting.key}>
            <dt>
              <Icon name="lock" />
              <span className="visually-hidden">Locked: </span>
              {setting.label}
            </dt>
            <dd className="locked-value">{setting.value}</dd>
            <dd className="locked-by muted">Set by {setting.setBy}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
