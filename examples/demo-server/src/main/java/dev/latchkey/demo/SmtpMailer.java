package dev.latchkey.demo;

import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.Mailer;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends Latchkey's plain-text mail over SMTP with Jakarta Mail (Angus): {@code smtp://user:pass@host:port} uses
 * STARTTLS when the server offers it, {@code smtps://} implicit TLS. The password is handed to the session only.
 */
final class SmtpMailer implements Mailer {
  private final Session session;
  private final InternetAddress from;

  SmtpMailer(URI url, String fromAddress) {
    boolean tls = "smtps".equals(url.getScheme());
    String protocol = tls ? "smtps" : "smtp";
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put("mail." + protocol + ".host", url.getHost());
    props.put("mail." + protocol + ".port", Integer.toString(url.getPort() > 0 ? url.getPort() : tls ? 465 : 25));
    props.put("mail." + protocol + ".connectiontimeout", "10000");
    props.put("mail." + protocol + ".timeout", "10000");
    props.put("mail.smtp.starttls.enable", "true");
    String userInfo = url.getRawUserInfo();
    Authenticator auth = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
      String password = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
      props.put("mail." + protocol + ".auth", "true");
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(user, password);
        }
      };
    }
    this.session = Session.getInstance(props, auth);
    try {
      this.from = new InternetAddress(fromAddress);
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("the sender address is invalid");
    }
  }

  @Override
  public void send(MailMessage message) {
    try {
      MimeMessage mime = new MimeMessage(session);
      mime.setFrom(from);
      mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to()));
      mime.setSubject(message.subject(), "UTF-8");
      mime.setText(message.body(), "UTF-8");
      Transport.send(mime);
    } catch (MessagingException e) {
      throw new StoreUnavailableException("the SMTP server did not accept the message", e);
    }
  }
}
