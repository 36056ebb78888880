resolved_image_tag = "insiders"
