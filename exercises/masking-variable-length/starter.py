from tensorflow.keras.layers import Masking, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
# TODO: the sentences are padded with zeros to 5 words:
# make the SimpleRNN skip the padding steps.
model.add(SimpleRNN(4, input_shape=(5, 2)))
