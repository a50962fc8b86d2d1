/** The site service's repository, used by both architectures. */
package dev.restvsgraphql.site.data;
