import { useId } from 'react';
import type { PolicyLocks } from '@shared/policy.js';
import { Icon } from '../../components/Icon.js';
import { groupLockedSettings } from './lockedSettingAreas.js';

/**
 * Every setting the machine policy decides, read-only, grouped by area (network, data-loss prevention,
 * what stays local…), each with a lock, its value in force and who set it; the one reason they cannot
 * be changed here is said once, above them.
 */
export function LockedSettings({ locks }: { locks: PolicyLocks }) {
  const idPrefix = useId();
  return (
    <div className="locked-settings">
      <h4>Set by policy</h4>
      <p className="muted locked-reason">
        <Icon name="lock" /> {locks.reason}
      </p>
      {groupLockedSettings(locks.settings).map((group, index) => {
        const headingId = `${idPrefix}-area-${index}`;
        return (
          <div key={group.title} className="locked-group" role="group" aria-labelledby={headingId}>
            <h5 id={headingId}>{group.title}</h5>
            {group.note && <p className="muted locked-group-note">{group.note}</p>}
            <dl className="locked-list">
              {group.settings.map((setting) => (
                <div key={setting.key} className="locked-item" data-key={setting.key}>
                  <dt>
                    <Icon name="lock" />
                    <span className="visually-hidden">Locked: </span>
                    {setting.labelInArea}
                  </dt>
                  <dd className="locked-value">{setting.value}</dd>
                  <dd className="locked-by muted">Set by {setting.setBy}</dd>
                </div>
              ))}
            </dl>
          </div>
        );
      })}
    </div>
  );
}
