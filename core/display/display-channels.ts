/*
 * The citizen's display's IPC channels in the app (none is a contract method name, which all have a dot). Three
 * constants, not one object, so that a preload bundles only the channels it uses.
 */
/** The desk's page publishes what the display shows (desk page → main). */
export const DISPLAY_PUBLISH_CHANNEL = 'display:publish';
/** Main hands the display window's page its state (main → display page). */
export const DISPLAY_STATE_CHANNEL = 'display:state';
/** The display page is listening and wants the state now (display page → main). */
export const DISPLAY_READY_CHANNEL = 'display:ready';
