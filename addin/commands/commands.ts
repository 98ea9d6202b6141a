/**
 * The manifest's function file. JXC's ribbon button only opens the task
 * pane, so there is nothing to register; Office still requires the page to
 * load and initialise.
 */
Office.onReady(() => undefined);
