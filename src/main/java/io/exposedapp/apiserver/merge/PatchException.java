package io.exposedapp.apiserver.merge;
// PLACEHOLDER until helper delivers
public class PatchException extends RuntimeException { public PatchException(String m) { super(m); } }
