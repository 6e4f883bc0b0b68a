/** The few icons the UI uses, drawn inline: no icon font, nothing loaded from anywhere. */
const paths = {
  plus: 'M8 3v10M3 8h10',
  more: 'M3.5 8h.01M8 8h.01M12.5 8h.01',
  stop: 'M4.5 4.5h7v7h-7z',
  panel: 'M2.5 3.5h11v9h-11zM10 3.5v9',
  sidebar: 'M2.5 3.5h11v9h-11zM6 3.5v9',
  chats: 'M2.5 3.5h11v7.5h-6.5l-3 2.5v-2.5h-1.5z',
  close: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  models: 'M8 2l5.5 3v6L8 14l-5.5-3V5zM2.5 5L8 8l5.5-3M8 8v6',
  documents: 'M4 1.5h5L12.5 5v9.5h-8.5zM9 1.5V5h3.5M6 8h4.5M6 10.5h4.5',
  settings: 'M3 4.5h10M3 8h10M3 11.5h10M6 3v3M10.5 6.5v3M5 10v3',
  assistants: 'M8 2.5a2.5 2.5 0 1 1 0 5a2.5 2.5 0 0 1 0-5zM3 13.5c.6-2.6 2.6-4 5-4s4.4 1.4 5 4z',
  search: 'M7 2.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 0 1 0-9zM10.3 10.3L13.5 13.5',
  usage: 'M2.5 13.5h11M4 13.5v-4M7 13.5V5M10 13.5V8M13 13.5V3',
  lock: 'M4.5 7.5h7v6h-7zM6 7.5V5.5a2 2 0 0 1 4 0v2',
  audit: 'M8 1.5l5 2v4c0 3.2-2.2 5.6-5 7c-2.8-1.4-5-3.8-5-7v-4zM5.5 8l1.8 1.8L10.5 6.5',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  const dots = name === 'more';
  return (
    <svg
      className="icon"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill={name === 'stop' ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={dots ? 2.6 : 1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={paths[name]} />
    </svg>
  );
}
