/** The setting read before every job: true stops all pushes and broadcasts (admins set it with /pause). */
export const PAUSED_SETTING = "paused";
