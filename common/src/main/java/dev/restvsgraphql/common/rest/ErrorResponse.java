package dev.restvsgraphql.common.rest;

/** The JSON body of every error answer: never an HTML page. */
public record ErrorResponse(int status, String error, String message) {
}
