resolved_image_tag = "stable"
