/** What the operator's informers keep in memory. */
package io.exposedapp.cache;
