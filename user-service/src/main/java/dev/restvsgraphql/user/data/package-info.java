/** The user service's repository, used by both architectures. */
package dev.restvsgraphql.user.data;
