package dev.remise.s3.web;

import dev.remise.model.admin.AccessKey;
import dev.remise.s3.api.S3Request;
import dev.remise.sigv4.AuthenticatedRequest;
import dev.remise.sigv4.SignedRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One authenticated S3 request on its way to a handler. */
public record S3Call(
    HttpServletRequest http,
    HttpServletResponse response,
    SignedRequest signed,
    AuthenticatedRequest auth,
    AccessKey key,
    S3Request route) {

  public String header(String name) {
    return signed.header(name).orElse(null);
  }
}
