/** The msp version, written into generated headers and manifests. */
export const VERSION = '0.1.0';
