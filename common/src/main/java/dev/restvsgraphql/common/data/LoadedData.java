package dev.restvsgraphql.common.data;

/** A repository whose data set is loaded in memory; readiness reports every one of them. */
public interface LoadedData {

    /** Name of the data set, for example {@code robots}. */
    String dataSetName();

    /** Number of records loaded. */
    int recordCount();
}
