package dev.restvsgraphql.common.client;

/** Another service failed to answer a call: it is down, refused, or returned an error status. */
public class DownstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;

    public DownstreamException(String service, Throwable cause) {
        super(service + " failed: " + describe(cause), cause);
        this.service = service;
    }

    public String service() {
        return service;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
