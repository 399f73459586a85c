locals {
  creds = "${aws_iam_access_key.app.id}:${aws_iam_access_key.app.secret}"
}
