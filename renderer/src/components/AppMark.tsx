import { useId } from 'react';
import { appMark } from './appMark.js';

/** Enclave's mark beside its name, drawn inline (the CSP loads no images from elsewhere). */
export function AppMark({ size = 22 }: { size?: number }) {
  // Each mark's gradient needs an id of its own: two marks on a page must not share one.
  const gradientId = useId();
  const { tile, gradient, keyhole } = appMark;
  return (
    <svg className="app-mark" width={size} height={size} viewBox={appMark.viewBox} aria-hidden="true">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor={gradient.top} />
          <stop offset="1" stopColor={gradient.bottom} />
        </linearGradient>
      </defs>
      <rect x={tile.x} y={tile.y} width={tile.size} height={tile.size} rx={tile.radius} fill={`url(#${gradientId})`} />
      <path d={appMark.bubble} fill="#ffffff" />
      <circle cx={keyhole.circle.cx} cy={keyhole.circle.cy} r={keyhole.circle.r} fill={keyhole.colour} />
      <path d={keyhole.stem} fill={keyhole.colour} />
    </svg>
  );
}
