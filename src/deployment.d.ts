/** Build-time settings (vite.config.ts `define`). */
declare const __SALIENT_VERSION__: string;
/** Where share links made on localhost point (SALIENT_PUBLIC_URL), or ''. */
declare const __SALIENT_PUBLIC_URL__: string;
